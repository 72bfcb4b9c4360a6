package syncaudit.rules.test_deny

# METADATA
# title: Always deny
# description: A test rule that denies once per run.
# custom:
#   id: X2
#   severity: deny
findings contains {"rule": "X2", "account": "", "message": "a test denial", "fix": "nothing"} if input.case == "tenant"
