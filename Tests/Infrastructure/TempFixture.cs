using NUnit.Framework;

namespace Tests.Infrastructure;

/// <summary>A fresh temp folder per test.</summary>
public abstract class TempFixture
{
    internal TempDirectory Temp { get; private set; } = null!;

    [SetUp]
    public void CreateTemp() => Temp = new TempDirectory();

    [TearDown]
    public void DeleteTemp() => Temp.Dispose();
}
