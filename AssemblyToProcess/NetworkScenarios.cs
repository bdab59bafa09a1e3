using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace AssemblyToProcess;

public class NetworkScenarios
{
    public void TcpConnect(string host, int port)
    {
        using var client = new TcpClient();
        client.Connect(host, port);
    }

    public void SocketConnect(IPEndPoint endpoint)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(endpoint);
    }

    public async Task SocketConnectAsync(IPAddress address, int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address, port);
    }

    /// <summary>Binds and listens on an ephemeral loopback port, returns it, and accepts one connection in the background.</summary>
    public int ListenAndAcceptOne(Action<Socket> accepted)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(1);
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        Task.Run(() =>
        {
            using (socket)
            {
                accepted(socket.Accept());
            }
        });
        return port;
    }

    public int TcpListenerStart(out TcpListener listener)
    {
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public TcpClient TcpListenerAccept(TcpListener listener) => listener.AcceptTcpClient();

    public int UdpSend(IPEndPoint endpoint, byte[] datagram)
    {
        using var client = new UdpClient();
        return client.Send(datagram, datagram.Length, endpoint);
    }

    public int SocketSendTo(IPEndPoint endpoint, byte[] datagram)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        return socket.SendTo(datagram.AsSpan(), endpoint);
    }

    public IPAddress[] Resolve(string host) => Dns.GetHostAddresses(host);

    public string HostName() => Dns.GetHostName();

    public Task<string> HttpGetString(Uri baseAddress, string relative)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        return client.GetStringAsync(relative);
    }

    public async Task<int> HttpSend(Uri uri)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent("hello") };
        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    public async Task WebSocketConnect(Uri uri)
    {
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        await socket.ConnectAsync(uri, default);
    }

    public Task WebSocketConnectDirect(System.Net.WebSockets.ClientWebSocket socket, Uri uri) => socket.ConnectAsync(uri, default);

    public void HttpListen(string prefix)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add(prefix);
        listener.Start();
        listener.Stop();
    }
}
