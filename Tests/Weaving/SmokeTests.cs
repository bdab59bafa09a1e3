using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

public class SmokeTests
{
    [Test]
    public void ReadAllTextRaisesFileOpen()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("a.txt", "hello");
        using var recorder = AuditRecorder.Start();
        string text = Woven.Create("FileScenarios").ReadAllText(path);
        Assert.That(text, Is.EqualTo("hello"));
        var e = recorder.Single("file.open");
        Assert.That(e.ToString(), Does.Contain(path));
        TestContext.Out.WriteLine(e.ToString());
    }
}
