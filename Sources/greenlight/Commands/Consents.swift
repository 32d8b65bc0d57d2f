import ArgumentParser
struct Consents: ParsableCommand { func run() throws {} }
