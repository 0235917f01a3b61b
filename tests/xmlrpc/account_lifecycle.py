"""A Sippy account lifecycle through Switchboard's XML-RPC API, written the
way a back-office script for Sippy is: Python's standard library only
(xmlrpc.client for the calls, urllib's Digest handler for the login).

Usage: account_lifecycle.py URL LOGIN API_PASSWORD USERNAME I_TARIFF

Prints one JSON document: the calls made, in order, each with its result or
its fault. It asserts nothing itself; the test that runs it (e2e/xmlrpc.spec.ts)
checks the transcript and the database.
"""
import json
import socket
import sys
import urllib.request
import xmlrpc.client

url, login, password, username, tariff = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
socket.setdefaulttimeout(20)

manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
manager.add_password(None, url, login, password)
opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))
transcript = []


def call(method, **params):
    body = xmlrpc.client.dumps((params,), method, allow_none=True).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "text/xml"})
    try:
        (result,), _ = xmlrpc.client.loads(opener.open(request).read())
        transcript.append({"method": method, "result": result})
        return result
    except xmlrpc.client.Fault as fault:
        transcript.append({"method": method, "fault": fault.faultCode, "message": fault.faultString})
        return None


# createAccount as a Sippy script sends it: Sippy's reversed balance sign
# (-100 puts 100 on the account), and parameters Switchboard does not model.
created = call(
    "createAccount",
    username=username,
    web_password="Web-pass-2026!",
    authname=username,
    voip_password="Voip-pass-2026!",
    max_sessions=2,
    max_credit_time=3600,
    translation_rule="",
    cli_translation_rule="",
    credit_limit=50.0,
    i_tariff=tariff,
    i_time_zone=1,
    balance=-100.0,
    cpe_number="",
    vm_enabled=0,
    vm_password="1234",
    blocked=0,
    i_lang="en",
    payment_currency="USD",
    payment_method=1,
    lifetime=-1,
    preferred_codec=None,
    use_preferred_codec_only=False,
    description="Created by Python",
)
account = created["i_account"]
call("getAccountInfo", i_account=account)
call("getAccountInfo", username=username.upper())
call("listAccounts", limit=100)
call("updateAccount", i_account=account, description="Updated by Python", max_sessions=-1)
call("blockAccount", i_account=account)
call("getAccountInfo", i_account=account)
call("unblockAccount", i_account=account)
call("accountAddFunds", i_account=account, amount=20.12, currency="USD", payment_notes="wire")
call("accountCredit", i_account=account, amount=22.12, currency="USD")
call("accountDebit", i_account=account, amount=33.33, currency="USD", payment_notes="usage")
call("getAccountInfo", i_account=account)
call("listAccounts", limit=100)
call("accountDebit", i_account=account, amount=500, currency="USD")  # over the credit limit
call("accountDebit", i_account=account, ammount=1, currency="USD")  # a typo Sippy does not know
call("deleteAccount", i_account=account)
call("getAccountInfo", i_account=account)

print(json.dumps({"i_account": account, "calls": transcript}, default=str))
