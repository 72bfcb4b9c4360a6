package syncaudit.rules.test_warn

# METADATA
# title: Always warn
# description: A test rule that warns once per run.
# custom:
#   id: X1
#   severity: warn
findings contains {"rule": "X1", "account": "", "message": "a test warning", "fix": "nothing"} if input.case == "tenant"
