import sys

from faq_export.cli import main

sys.exit(main())
