using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;

// Each operation runs on its own, so that a denied one shows as denied and the others still run.
// Arguments: a folder to write into, and a URL to request.
Run("file", () =>
{
    File.WriteAllText(Path.Combine(args[0], "written.txt"), "written by the single-file app");
    return "wrote written.txt";
});
Run("process", () =>
{
    using var echo = Process.Start(new ProcessStartInfo("echo", "hello from echo") { RedirectStandardOutput = true })!;
    var text = echo.StandardOutput.ReadToEnd().Trim();
    echo.WaitForExit();
    return text;
});
Run("network", () =>
{
    using var client = new HttpClient();
    return "status " + (int)client.GetAsync(args[1]).GetAwaiter().GetResult().StatusCode;
});

static void Run(string what, Func<string> operation)
{
    try
    {
        Console.WriteLine(what + ": " + operation());
    }
    catch (Exception exception)
    {
        Console.WriteLine(what + ": " + exception.GetType().Name);
    }
}
