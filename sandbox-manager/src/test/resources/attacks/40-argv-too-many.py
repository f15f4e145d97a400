# fenrir-attack: 65 arguments, one more than the API allows; refused with 422 before anything is queued
# expect-status: 422
# inflate: args=65x1
print("never runs")
