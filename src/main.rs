fn main() -> std::process::ExitCode {
    opsy::cli::main()
}
