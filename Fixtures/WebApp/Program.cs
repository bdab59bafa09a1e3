using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using AuditWeaver;
using AuditWeaver.Policies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

// Everything the tests choose comes from configuration, so environment variables set it: WebApp__Port (0: any free
// port), WebApp__DataFolder (the log file and the database), WebApp__FetchUrl (what /fetch requests) and
// WebApp__DenyFilesUnder (a folder whose files a policy hook refuses to open).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The app's own folder, not the working directory: appsettings.json and wwwroot are read from where it was published.
    ContentRootPath = AppContext.BaseDirectory,
});
var settings = builder.Configuration.GetSection("WebApp");
var dataFolder = Path.GetFullPath(settings["DataFolder"] ?? Path.Combine(AppContext.BaseDirectory, "data"));
Directory.CreateDirectory(dataFolder);

if (settings["DenyFilesUnder"] is { Length: > 0 } denied)
{
    Audit.AddHook(new AuditPolicyBuilder().Deny("file.open", when => when.PathUnder(denied)).Build().Enforce);
}

builder.WebHost.UseUrls("http://127.0.0.1:" + (settings["Port"] ?? "0"));
builder.Logging.ClearProviders();
builder.Logging.AddSerilog(new LoggerConfiguration().WriteTo.File(Path.Combine(dataFolder, "app.log"), flushToDiskInterval: TimeSpan.FromMilliseconds(200)).CreateLogger(), dispose: true);

var app = builder.Build();
app.UseStaticFiles();

app.MapGet("/config", (IConfiguration configuration) => configuration["Greeting"]);

app.MapGet("/db", () =>
{
    using var connection = new SqliteConnection("Data Source=" + Path.Combine(dataFolder, "app.db"));
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "CREATE TABLE IF NOT EXISTS visits (at TEXT); INSERT INTO visits VALUES (datetime('now')); SELECT count(*) FROM visits;";
    return "visits: " + Convert.ToInt64(command.ExecuteScalar());
});

app.MapGet("/fetch", async () =>
{
    using var client = new HttpClient();
    return "fetched: " + await client.GetStringAsync(settings["FetchUrl"]);
});

app.MapGet("/run", () =>
{
    using var process = Process.Start(new ProcessStartInfo("/bin/echo", "child process ran") { RedirectStandardOutput = true })!;
    var output = process.StandardOutput.ReadToEnd().Trim();
    process.WaitForExit();
    return output;
});

app.MapGet("/log", (ILogger<WebAppMarker> logger) =>
{
    logger.LogInformation("Logged on request at {Time}", DateTime.UtcNow);
    return "logged";
});

await app.StartAsync();
// The tests wait for this line and read the port from it.
Console.WriteLine("listening on " + string.Join(" ", app.Urls));
await app.WaitForShutdownAsync();

/// <summary>The category of the app's own log lines.</summary>
internal sealed class WebAppMarker
{
}
