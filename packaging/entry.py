"""Entry script of the PyInstaller bundle: the same as ``python -m chuangcheng_desktop``."""

import sys

from chuangcheng_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
