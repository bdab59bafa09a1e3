using System;
using System.IO;

namespace AuditWeaver.Benchmarks;

/// <summary>A small existing file for the benchmarks that probe and open one; deleted by whoever created it.</summary>
internal sealed class BenchmarkFile : IDisposable
{
    internal BenchmarkFile()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "auditweaver-bench-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(Path, "benchmark");
    }

    internal string Path { get; }

    public void Dispose() => File.Delete(Path);
}
