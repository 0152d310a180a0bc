"""`python -m marketplace_sdk.demo`: the main job."""

import sys

from marketplace_sdk.demo import main

sys.exit(main())
