# fenrir-attack: one argument of 4097 bytes, one byte over the API's limit; refused with 422 before anything is queued
# expect-status: 422
# inflate: args=1x4097
print("never runs")
