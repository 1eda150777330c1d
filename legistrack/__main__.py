from legistrack.launch import main

main()
