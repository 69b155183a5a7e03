"""``python -m chuangcheng_desktop``: the command line; with no subcommand, the window."""

import sys

from chuangcheng_desktop.cli import main

sys.exit(main())
