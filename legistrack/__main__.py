from legistrack.cli import main

main()
