import ArgumentParser
struct Decide: ParsableCommand { func run() throws {} }
