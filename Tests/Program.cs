namespace Tests;

/// <summary>
/// The test assembly doubles as a console program: tests start it as a child process (<see cref="Infrastructure.Child"/>)
/// to observe woven code in a process where no hook was ever added, or where a vetoing hook was.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Infrastructure.ChildScenarios.Run(args);
}
