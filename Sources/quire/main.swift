import QuireCLI

await QuireMain.run()
