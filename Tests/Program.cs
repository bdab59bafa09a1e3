namespace Tests;

/// <summary>
/// The test assembly doubles as a console program: tests start it as a child process (<see cref="Infrastructure.Child"/>)
/// to observe woven code in a process where no hook was ever added, or where a vetoing hook was. The children that
/// belong to one area's tests are started here; those several areas share are in <see cref="Infrastructure.ChildScenarios"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args.Length == 0 ? null : args[0])
        {
            case "tampering":
                return Reliability.TamperingChild.Run(args[1], args[2], args[3], args[4]);
            case "concurrency":
                return Reliability.ConcurrencyChild.Run(args[1], args[2], args[3]);
            case "compiled-library":
                return Reliability.QuietRun.Run(args[1], args[2], args[3], args[4], args[5..]);
            case "dlr-script":
                return Weaving.Dlr.ScriptHostChild.Run(args[1], args[2]);
            case "write-compatibility-fixture":
                // Not a scenario: the one-off step of a release that freezes its weaver's output (Compatibility/).
                Compatibility.WovenFixture.Write(args[1]);
                return 0;
            default:
                return Infrastructure.ChildScenarios.Run(args);
        }
    }
}
