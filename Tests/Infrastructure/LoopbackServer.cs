using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Tests.Infrastructure;

/// <summary>
/// A TCP server on 127.0.0.1 that counts the connections it accepts. With <c>http</c> set it answers each connection
/// with one small HTTP response, so HttpClient calls complete. The test's own code is not woven.
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _http;
    private int _accepted;
    private string _lastRequestLine = string.Empty;

    internal LoopbackServer(bool http = false)
    {
        _http = http;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptLoop);
    }

    internal int Port { get; }

    internal IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    internal Uri BaseUri => new("http://127.0.0.1:" + Port + "/");

    internal int Accepted => Volatile.Read(ref _accepted);

    internal string LastRequestLine => Volatile.Read(ref _lastRequestLine);

    /// <summary>Waits briefly for in-flight connections, so that a count of zero means none was attempted.</summary>
    /// <remarks>
    /// A denial is thrown synchronously at the call site, so when the weaver is right nothing ever connects and the wait
    /// only costs time. It is for when the weaver is wrong: a connection the API started before or despite the denial
    /// (an event raised after an asynchronous connect began, a client that retries on its own) reaches this server on
    /// another thread after the call has thrown. Reading <see cref="Accepted"/> at once would race that connection and
    /// usually see zero, passing the very bug the check exists for. The wait asserts no duration; it only gives such a
    /// connection the time to show up.
    /// </remarks>
    internal int AcceptedAfterSettling()
    {
        Thread.Sleep(200);
        return Accepted;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            if (!_http)
            {
                return;
            }

            var stream = client.GetStream();
            var buffer = new byte[8192];
            var request = new StringBuilder();
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    return;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var text = request.ToString();
            Volatile.Write(ref _lastRequestLine, text.Substring(0, text.IndexOf('\r')));
            var response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            await stream.WriteAsync(response);
        }
    }
}
