from mlverify.cli import main

main()
