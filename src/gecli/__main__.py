from gecli.cli import main

main()
