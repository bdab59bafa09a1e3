using BenchmarkDotNet.Running;

namespace AuditWeaver.Benchmarks;

internal static class Program
{
    // BenchmarkSwitcher keeps BenchmarkDotNet's command line: --filter, --list, --disasm, --job.
    private static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, SuiteConfig.Create());
}
