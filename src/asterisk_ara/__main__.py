from asterisk_ara.cli import main

main()
