using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using AuditWeaver;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>Every network API group against servers on 127.0.0.1 that the tests start and count connections on.</summary>
public class NetworkTests
{
    private dynamic _network = null!;

    [SetUp]
    public void SetUp() => _network = Woven.Create("NetworkScenarios");

    [Test]
    public void TcpConnect()
    {
        using var server = new LoopbackServer();
        Expect.Raises("network.connect", new object?[] { "127.0.0.1", server.Port }, () => _network.TcpConnect("127.0.0.1", server.Port));
        Assert.That(SpinUntil(() => server.Accepted == 1), Is.True);
    }

    [Test]
    public void ADeniedConnectMakesNoConnection()
    {
        using var server = new LoopbackServer();
        Expect.Denied("network.connect", () => _network.TcpConnect("127.0.0.1", server.Port));
        Expect.Denied("network.connect", () => _network.SocketConnect(server.EndPoint));
        Assert.That(server.AcceptedAfterSettling(), Is.Zero);
    }

    [Test]
    public void SocketConnectToAnEndPoint()
    {
        using var server = new LoopbackServer();
        using var recorder = AuditRecorder.Start();
        _network.SocketConnect(server.EndPoint);
        Assert.That(recorder.Single("network.socket").Arguments, Is.EqualTo(new object?[] { "InterNetwork", "Stream", "Tcp" }));
        Assert.That(recorder.Single("network.connect").Arguments, Is.EqualTo(new object?[] { "127.0.0.1", server.Port }));
        Assert.That(SpinUntil(() => server.Accepted == 1), Is.True);
    }

    [Test]
    public void AsyncConnectIsDeniedBeforeAnyConnection()
    {
        using var server = new LoopbackServer();
        using (AuditRecorder.Denying("network.connect"))
        {
            // The scenario is an async method: the denial happens inside it and faults its task.
            Task task = _network.SocketConnectAsync(IPAddress.Loopback, server.Port);
            var exception = Assert.Throws<AggregateException>(() => task.Wait());
            Assert.That(exception!.InnerException, Is.TypeOf<AuditDeniedException>());
        }

        Assert.That(server.AcceptedAfterSettling(), Is.Zero);
        Expect.Raises("network.connect", new object?[] { "127.0.0.1", server.Port }, () => ((Task)_network.SocketConnectAsync(IPAddress.Loopback, server.Port)).Wait());
    }

    [Test]
    public void BindListenAccept()
    {
        using var recorder = AuditRecorder.Start();
        using var accepted = new ManualResetEventSlim();
        int port = _network.ListenAndAcceptOne((Action<Socket>)(s =>
        {
            s.Dispose();
            accepted.Set();
        }));
        using (var client = new TcpClient())
        {
            client.Connect(IPAddress.Loopback, port);
        }

        Assert.That(accepted.Wait(10_000), Is.True);
        Assert.That(recorder.Single("network.bind").Arguments, Is.EqualTo(new object?[] { "127.0.0.1", 0 }));
        Assert.That(recorder.Single("network.listen").Arguments, Is.EqualTo(new object?[] { "127.0.0.1", port }));
        var accept = recorder.Single("network.accept");
        Assert.That(accept.Arguments, Is.EqualTo(new object?[] { "127.0.0.1", port }));
        Assert.That(accept.Caller, Is.EqualTo("AssemblyToProcess.NetworkScenarios.ListenAndAcceptOne.<lambda>"));
    }

    [Test]
    public void ADeniedBindNeverListens()
    {
        Expect.Denied("network.bind", () => _network.ListenAndAcceptOne((Action<Socket>)(_ => { })));
    }

    [Test]
    public void TcpListenerStartAndAccept()
    {
        using var recorder = AuditRecorder.Start();
        var arguments = new object?[] { null };
        var port = (int)Woven.Type("NetworkScenarios").GetMethod("TcpListenerStart")!.Invoke(Woven.Create("NetworkScenarios"), arguments)!;
        var listener = (TcpListener)arguments[0]!;
        try
        {
            // The event comes before the listener binds, so it carries the requested endpoint: port 0, any free port.
            Assert.That(recorder.Single("network.listen").Arguments, Is.EqualTo(new object?[] { "127.0.0.1", 0 }));
            using var client = new TcpClient("127.0.0.1", port);
            using TcpClient server = _network.TcpListenerAccept(listener);
            Assert.That(recorder.Single("network.accept").Arguments, Is.EqualTo(new object?[] { "127.0.0.1", port }));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Test]
    public void DatagramsToAnEndPoint()
    {
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var endpoint = (IPEndPoint)receiver.Client.LocalEndPoint!;
        Expect.Denied("network.sendto", () => _network.UdpSend(endpoint, new byte[] { 1 }));
        Expect.Denied("network.sendto", () => _network.SocketSendTo(endpoint, new byte[] { 2 }));
        Assert.That(receiver.Available, Is.Zero);

        Expect.Raises("network.sendto", new object?[] { "127.0.0.1", endpoint.Port }, () => _network.UdpSend(endpoint, new byte[] { 3 }));
        Expect.Raises("network.sendto", new object?[] { "127.0.0.1", endpoint.Port }, () => _network.SocketSendTo(endpoint, new byte[] { 4 }));
        var from = new IPEndPoint(IPAddress.Any, 0);
        Assert.That(receiver.Receive(ref from), Is.EqualTo(new byte[] { 3 }));
        Assert.That(receiver.Receive(ref from), Is.EqualTo(new byte[] { 4 }));
    }

    [Test]
    public void NameResolution()
    {
        IPAddress[] addresses = null!;
        Expect.Raises("network.resolve", new object?[] { "localhost" }, () => addresses = _network.Resolve("localhost"));
        Assert.That(addresses, Is.Not.Empty);
        Expect.Denied("network.resolve", () => _network.Resolve("localhost"));
        Expect.Raises("network.gethostname", Array.Empty<object?>(), () => _network.HostName());
    }

    [Test]
    public void HttpRequestsResolveAgainstTheBaseAddress()
    {
        using var server = new LoopbackServer(http: true);
        string body = null!;
        Expect.Raises("network.request", new object?[] { "GET", server.BaseUri + "hello" }, () => body = ((Task<string>)_network.HttpGetString(server.BaseUri, "hello")).Result);
        Assert.That(body, Is.EqualTo("ok"));
        Assert.That(server.LastRequestLine, Is.EqualTo("GET /hello HTTP/1.1"));
    }

    [Test]
    public void HttpSendNamesTheMethod()
    {
        using var server = new LoopbackServer(http: true);
        var uri = new Uri(server.BaseUri, "post");
        int status = 0;
        Expect.Raises("network.request", new object?[] { "POST", uri.ToString() }, () => status = ((Task<int>)_network.HttpSend(uri)).Result);
        Assert.That(status, Is.EqualTo(200));
    }

    [Test]
    public void ADeniedHttpRequestNeverConnects()
    {
        using var server = new LoopbackServer(http: true);
        Expect.Denied("network.request", () => _network.HttpGetString(server.BaseUri, "x"));
        Assert.That(server.AcceptedAfterSettling(), Is.Zero);
    }

    [Test]
    public void WebSocketConnect()
    {
        using var server = new LoopbackServer(http: true);
        var uri = new Uri("ws://127.0.0.1:" + server.Port + "/socket");
        using (AuditRecorder.Denying("network.websocket"))
        {
            using var socket = new System.Net.WebSockets.ClientWebSocket();

            // ConnectAsync is called directly: a denial inside the returned task would not throw here.
            var denied = Assert.Throws<AuditDeniedException>(() => _network.WebSocketConnectDirect(socket, uri));
            Assert.That(denied!.Event!.Arguments, Is.EqualTo(new object?[] { uri }));
        }

        Assert.That(server.AcceptedAfterSettling(), Is.Zero);

        // The loopback server answers with a plain 200, so the handshake fails after the audited connection is made.
        using var recorder = AuditRecorder.Start();
        Assert.That(() => ((Task)_network.WebSocketConnect(uri)).Wait(), Throws.InstanceOf<AggregateException>());
        Assert.That(recorder.Single("network.websocket").Arguments, Is.EqualTo(new object?[] { uri }));
        Assert.That(SpinUntil(() => server.Accepted == 1), Is.True);
    }

    [Test]
    public void HttpListenerStart()
    {
        var port = FreePort();
        var prefix = "http://127.0.0.1:" + port + "/";
        Expect.Raises("network.listen", new object?[] { prefix, null }, () => _network.HttpListen(prefix));
        Expect.Denied("network.listen", () => _network.HttpListen(prefix));
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static bool SpinUntil(Func<bool> condition) => SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10));
}
