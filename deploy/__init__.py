"""Ways to run the platform: deploy/local (`make run`) and deploy/cluster (`make cluster`)."""
