@echo off
REM Cisco Jabber for Windows installation, profile every-target-intune
REM Written by jabber-emm. Put this file beside CiscoJabberSetup.msi and run it as an administrator.
REM CLEAR=1 replaces the bootstrap file of an earlier installation, so the values below take effect.
setlocal DisableDelayedExpansion
pushd "%~dp0"
msiexec.exe /i CiscoJabberSetup.msi /quiet CLEAR=1 AUTHENTICATOR=CUCM TFTP=tftp.example.com SERVICES_DOMAIN=example.com VOICE_SERVICES_DOMAIN=voice.example.com EXCLUDED_SERVICES=WEBEX ENABLE_PRT_ENCRYPTION=true INVALID_CERTIFICATE_BEHAVIOR=PromptPerSession IP_Mode="Two Stacks" LOG_DIRECTORY="C:\Jabber Logs\R&D"
