#!/usr/bin/env bash
# The switch test (e2e/kamailio.spec.ts) drives Debian's Kamailio and
# SIPp (package sip-tester). Installs them with apt-get when they are missing,
# the way scripts/ensure-chromium.sh installs Chromium. No apt-get is a
# failure with a message, never a skip: the test must run.
set -euo pipefail
# Kamailio is in /usr/sbin, which a regular user's PATH may lack.
have() {
  { command -v kamailio >/dev/null 2>&1 || [ -x /usr/sbin/kamailio ]; } && command -v sipp >/dev/null 2>&1 &&
    [ -n "$(find /usr/lib -path '*kamailio/modules/http_client.so' -print -quit 2>/dev/null)" ] &&
    [ -n "$(find /usr/lib -path '*kamailio/modules/jansson.so' -print -quit 2>/dev/null)" ]
}
if have; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-kamailio: Kamailio and SIPp are missing and there is no apt-get to install them." >&2
  echo "Install Debian's kamailio, kamailio-utils-modules, kamailio-extra-modules and sip-tester (or their equivalents) and run again." >&2
  exit 1
fi
echo "Installing Debian's kamailio and sip-tester for the Kamailio test..."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
# Where the package's own service starts, it listens on 5060: the test runs
# its own Kamailio on ports of its own (5160-5163).
# http_client is in kamailio-utils-modules, jansson in kamailio-extra-modules (docs/kamailio.md).
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  kamailio kamailio-utils-modules kamailio-extra-modules sip-tester >/dev/null
if ! have; then
  echo "ensure-kamailio: apt-get finished but kamailio, its http_client/jansson modules or sipp are still missing." >&2
  exit 1
fi
"$(command -v kamailio || echo /usr/sbin/kamailio)" -v | head -1
