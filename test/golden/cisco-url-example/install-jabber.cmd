@echo off
REM Cisco Jabber for Windows installation, profile cisco-url-example
REM Written by jabber-emm. Put this file beside CiscoJabberSetup.msi and run it as an administrator.
REM CLEAR=1 replaces the bootstrap file of an earlier installation, so the values below take effect.
setlocal DisableDelayedExpansion
pushd "%~dp0"
msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 SERVICES_DOMAIN=cisco.com VOICE_SERVICES_DOMAIN=alphauk.cisco.com EXCLUDED_SERVICES=CUCM,CUP SSO_EMAIL_PROMPT=OFF
