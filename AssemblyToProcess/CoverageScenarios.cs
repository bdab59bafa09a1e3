using System;
using System.Data;
using System.Formats.Tar;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Net;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using System.Xml.Linq;

namespace AssemblyToProcess;

/// <summary>The categories beyond file, process and network, and the indirect openers, called the way user code would.</summary>
public class CoverageScenarios
{
    public void SetVariable(string name, string? value) => Environment.SetEnvironmentVariable(name, value);

    public void SetSwitch(string name, bool value) => AppContext.SetSwitch(name, value);

    public void SetData(string name, object value) => AppContext.SetData(name, value);

    public void ChangeDirectory(string path) => Environment.CurrentDirectory = path;

    public void Exit(int code) => Environment.Exit(code);

    public Assembly LoadBytes(byte[] image) => Assembly.Load(image);

    public Assembly LoadFrom(string path) => Assembly.LoadFrom(path);

    public Assembly LoadFromPath(AssemblyLoadContext context, string path) => context.LoadFromAssemblyPath(path);

    public Assembly LoadFromStream(AssemblyLoadContext context, Stream stream) => context.LoadFromStream(stream);

    public Assembly LoadByName(string name) => Assembly.Load(name);

    public Type EmitType(string name)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName(name), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule(name);
        var type = module.DefineType(name + ".Generated", TypeAttributes.Public);
        return type.CreateType();
    }

    public int EmitMethod()
    {
        var method = new DynamicMethod("Answer", typeof(int), Type.EmptyTypes);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4, 42);
        il.Emit(OpCodes.Ret);
        return ((Func<int>)method.CreateDelegate(typeof(Func<int>)))();
    }

    public string XmlRoundTrip(string path)
    {
        var document = new XmlDocument();
        document.LoadXml("<root>xml</root>");
        document.Save(path);
        var loaded = new XmlDocument();
        loaded.Load(path);
        using var reader = XmlReader.Create(path);
        reader.MoveToContent();
        return loaded.DocumentElement!.InnerText + reader.Name;
    }

    public string LinqToXml(string path)
    {
        new XDocument(new XElement("root", "linq")).Save(path);
        return XDocument.Load(path).Root!.Value;
    }

    public int DataSetRoundTrip(string path)
    {
        var data = new DataSet("set");
        var table = data.Tables.Add("row");
        table.Columns.Add("value", typeof(int));
        table.Rows.Add(7);
        data.WriteXml(path);
        var read = new DataSet();
        read.ReadXml(path);
        return read.Tables[0].Rows.Count;
    }

    public string Certificate(string path) => X509CertificateLoader.LoadCertificateFromFile(path).Subject;

    public long MapFile(string path)
    {
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open);
        using var view = map.CreateViewAccessor();
        return view.Capacity;
    }

    public void Tar(string directory, string archive, string destination)
    {
        TarFile.CreateFromDirectory(directory, archive, includeBaseDirectory: false);
        TarFile.ExtractToDirectory(archive, destination, overwriteFiles: true);
    }

    public string TempFile() => Path.GetTempFileName();

    public string WebRequestGet(Uri uri)
    {
        var request = WebRequest.Create(uri);
        using var response = request.GetResponse();
        using var reader = new StreamReader(response.GetResponseStream());
        return reader.ReadToEnd();
    }

    public string WebClientDownload(Uri uri, string file)
    {
        using var client = new WebClient();
        client.DownloadFile(uri, file);
        return client.DownloadString(uri);
    }
}
