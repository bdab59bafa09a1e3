using BenchmarkDotNet.Running;

namespace AuditWeaver.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length == 3 && args[0] == WeaveLoop.Switch)
        {
            WeaveLoop.Run(args[1], args[2]);
            return;
        }

        // BenchmarkSwitcher keeps BenchmarkDotNet's command line: --filter, --list, --disasm, --job.
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, SuiteConfig.Create());
    }
}
