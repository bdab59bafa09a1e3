using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Tool.Framework;

/// <summary>
/// What the tests of Fixtures/FrameworkApp share: the app published self-contained or framework-dependent (the fixture's
/// argument) and woven with <c>--framework</c> once per test run (<see cref="WovenFrameworkApps"/>), and a work folder
/// per test for the app's data.
/// </summary>
public abstract class FrameworkAppTests
{
    protected FrameworkAppTests(bool selfContained)
    {
        SelfContained = selfContained;
    }

    private protected bool SelfContained { get; }

    private protected TempDirectory Work { get; private set; } = null!;

    private protected WovenFrameworkApp App => WovenFrameworkApps.Get("FrameworkApp", SelfContained);

    [SetUp]
    public void MakeWorkFolder() => Work = new TempDirectory();

    [TearDown]
    public void DeleteWorkFolder() => Work.Dispose();
}
