internal import CZlib

/// A zlib inflate stream reading one gzip member; it checks the trailer's CRC-32 and length, so
/// a damaged archive fails here even without a manifest. The `z_stream` lives on the heap for
/// the same reason as in ``GzipCompressor``.
final class GzipDecompressor {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: UnsafeMutableRawBufferPointer
    private(set) var isFinished = false

    init(outputChunk: Int = 1 << 20) throws(ZlibError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: outputChunk, alignment: 16)
        let status = leadex_inflate_init_gzip(stream)
        guard status == Z_OK else {
            output.deallocate()
            stream.deallocate()
            throw ZlibError(operation: "inflateInit2", status: status, message: nil)
        }
    }

    /// Decompresses `input`, handing each chunk of output to `sink`. Bytes after the end of the
    /// gzip member are an error: an archive is exactly one member.
    func decompress(_ input: UnsafeRawBufferPointer, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !input.isEmpty else { return }
        guard !isFinished else {
            throw ZlibError(operation: "inflate", status: Z_DATA_ERROR, message: "data after the end of the gzip stream")
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        while true {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(output.count)
            let status = inflate(stream, Z_NO_FLUSH)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw ZlibError(operation: "inflate", status: status, message: stream.pointee.msg.map { String(cString: $0) })
            }
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[..<produced])) }
            if status == Z_STREAM_END {
                isFinished = true
                if stream.pointee.avail_in != 0 {
                    throw ZlibError(operation: "inflate", status: Z_DATA_ERROR, message: "data after the end of the gzip stream")
                }
                return
            }
            if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return }
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }
}
