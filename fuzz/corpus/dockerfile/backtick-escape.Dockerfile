# syntax=docker/dockerfile:1.7
# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command `
    Write-Host hi; `
    Write-Host there
WORKDIR C:\\app
