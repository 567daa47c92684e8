#!/usr/bin/env python3
"""The live-stream reference: the least a Server-Sent Events fan-out can do, in Python's asyncio.
GET /events opens a stream (chunked, as leadexd's is) and sends FILE's bytes as one `exchange`
event; POST /publish sends that event again to every open stream, after the reply to the POST,
as a commit's observers would. No sessions, no database, no rendering.

    sse_reference.py PORT FILE
"""
import asyncio
import sys

port, path = int(sys.argv[1]), sys.argv[2]
payload = open(path, "rb").read()
event = b"event: exchange\ndata: " + payload + b"\n\n"
frame = b"%x\r\n%s\r\n" % (len(event), event)
streams = set()


async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            line = head.split(b"\r\n", 1)[0]
            length = 0
            for header in head.split(b"\r\n")[1:]:
                if header.lower().startswith(b"content-length:"):
                    length = int(header.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            if line.startswith(b"GET /events"):
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
                             b"Transfer-Encoding: chunked\r\n\r\n")
                retry = b"retry: 3000\n\n"
                writer.write(b"%x\r\n%s\r\n" % (len(retry), retry) + frame)
                streams.add(writer)
                await reader.read()  # until the client goes
                return
            writer.write(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
            await writer.drain()
            if line.startswith(b"POST /publish"):
                for stream in list(streams):
                    stream.write(frame)
            return
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        streams.discard(writer)
        writer.close()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", port, limit=1 << 20, backlog=1024)
    async with server:
        await server.serve_forever()


asyncio.run(main())
