@echo off
REM Cisco Jabber for Windows installation, profile windows-phone-mode
REM Written by jabber-emm. Put this file beside CiscoJabberSetup.msi and run it as an administrator.
REM CLEAR=1 replaces the bootstrap file of an earlier installation, so the values below take effect.
setlocal DisableDelayedExpansion
pushd "%~dp0"
msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 PRODUCT_MODE=phone_mode AUTHENTICATOR=CUCM TFTP=10.1.2.3 CTI=cti.corp.example.net CCMCIP=ccm.corp.example.net SERVICES_DOMAIN=corp.example.net FORGOT_PASSWORD_URL="https://sso.corp.example.net/reset?user=%%USERNAME%%&lang=de" LANGUAGE=1031
