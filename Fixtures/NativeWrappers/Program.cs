using System;
using System.Data.Common;
using System.IO;
using AuditWeaver;
using Microsoft.Data.Sqlite;
using SkiaSharp;
using SQLitePCL;

// Usage: NativeWrappers <scenario> <data source or file> [deny]. Scenarios: open (DbConnection.Open), openasync,
// reflection (SqliteConnection.Open through MethodBase.Invoke), raw (SQLitePCL.raw.sqlite3_open_v2 with
// read-write-create); skia-write (a PNG written through SKFileWStream), skia-read (SKBitmap.Decode of a file).
// The hook prints each file.open and each native call that opens, with whether the file existed at that moment; with
// "deny" it refuses file.open of anything but the app's own files.
var scenario = args[0];
var source = args[1];
var deny = args.Length > 2 && args[2] == "deny";
Audit.AddHook(e =>
{
    if (e.Name == "file.open" && e.Arguments[0] is string path && (path.EndsWith(".db", StringComparison.Ordinal) || path.EndsWith(".png", StringComparison.Ordinal) || path == ":memory:"))
    {
        Console.WriteLine("event file.open " + path + " " + e.Arguments[1] + " " + e.Arguments[2] + " exists=" + File.Exists(path) + " caller=" + e.Caller);
        if (deny)
        {
            throw new UnauthorizedAccessException("denied: " + path);
        }
    }
    else if (e.Name == "native.call" && e.Arguments[1] is string entry && entry.StartsWith("sqlite3_open", StringComparison.Ordinal))
    {
        Console.WriteLine("event native.call " + e.Arguments[0] + " " + entry);
    }
});

try
{
    switch (scenario)
    {
        case "open":
            using (DbConnection connection = new SqliteConnection("Data Source=" + source))
            {
                connection.Open();
                Create(connection);
            }

            break;
        case "openasync":
            await using (var connection = new SqliteConnection("Data Source=" + source))
            {
                await connection.OpenAsync();
                Create(connection);
            }

            break;
        case "reflection":
            using (var connection = new SqliteConnection("Data Source=" + source + ";Pooling=False"))
            {
                typeof(SqliteConnection).GetMethod(nameof(SqliteConnection.Open), Type.EmptyTypes)!.Invoke(connection, null);
                Create(connection);
            }

            break;
        case "raw":
            Batteries_V2.Init();
            var rc = raw.sqlite3_open_v2(source, out var db, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE, null);
            Console.WriteLine("sqlite3_open_v2: " + rc);
            raw.sqlite3_exec(db, "CREATE TABLE t(x)");
            db.Dispose();
            break;
        case "skia-write":
            using (var bitmap = new SKBitmap(3, 2))
            using (var stream = new SKFileWStream(source))
            {
                bitmap.Erase(SKColors.Red);
                Console.WriteLine("encoded: " + bitmap.Encode(stream, SKEncodedImageFormat.Png, 100));
            }

            break;
        case "skia-read":
            using (var bitmap = SKBitmap.Decode(source))
            {
                Console.WriteLine("decoded: " + bitmap.Width + "x" + bitmap.Height);
            }

            break;
        default:
            throw new ArgumentException("unknown scenario " + scenario);
    }

    SqliteConnection.ClearAllPools();
    Console.WriteLine("opened");
}
catch (UnauthorizedAccessException denied)
{
    Console.WriteLine("refused: " + denied.Message);
}

static void Create(DbConnection connection)
{
    using var command = connection.CreateCommand();
    command.CommandText = "CREATE TABLE t(x); INSERT INTO t VALUES (1);";
    command.ExecuteNonQuery();
}
