from litgraph.cli.app import main

main()
