using System;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Xml.Linq;

// Arguments: a work folder (holding doc.xml and archive.zip), and a URL to request. Each operation prints one line,
// so that a denied one shows as denied and the others still run; the tests compare the lines woven and unwoven.
var folder = args[0];
Run("xml", () => "root " + XDocument.Load(Path.Combine(folder, "doc.xml")).Root!.Name);
Run("zip", () =>
{
    var target = Path.Combine(folder, "extracted");
    ZipFile.ExtractToDirectory(Path.Combine(folder, "archive.zip"), target);
    return "extracted " + Directory.GetFiles(target).Length + " file(s)";
});
Run("http", () =>
{
    using var client = new HttpClient();
    return "status " + (int)client.GetAsync(args[1]).GetAwaiter().GetResult().StatusCode;
});
Run("assemblies", () => string.Join(";", Array.ConvertAll(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name + "=" + a.Location)));

static void Run(string what, Func<string> operation)
{
    try
    {
        Console.WriteLine(what + ": " + operation());
    }
    catch (Exception exception)
    {
        Console.WriteLine(what + ": " + exception.GetType().Name + ": " + exception.Message);
    }
}
