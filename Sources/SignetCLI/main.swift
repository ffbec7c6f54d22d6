print("signet: work in progress")
