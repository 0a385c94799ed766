from faq_export.cli import program

program()
