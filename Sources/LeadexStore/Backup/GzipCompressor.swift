internal import CZlib

/// A zlib deflate stream writing the gzip format (RFC 1952), so that an admin can also read a
/// backup with plain `gunzip`. Owns its `z_stream`, which lives on the heap because zlib keeps
/// a pointer back to it: the struct must not move between calls.
final class GzipCompressor {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: UnsafeMutableRawBufferPointer

    /// `level` 1 (fastest) to 9 (smallest).
    init(level: Int32, outputChunk: Int = 256 << 10) throws(ZlibError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: outputChunk, alignment: 16)
        let status = leadex_deflate_init_gzip(stream, level)
        guard status == Z_OK else {
            output.deallocate()
            stream.deallocate()
            throw ZlibError(operation: "deflateInit2", status: status, message: nil)
        }
    }

    /// Compresses `input` (all of it), handing each chunk of output to `sink`. With `finish`,
    /// also flushes the rest and writes the gzip trailer (CRC-32 and length).
    func compress(
        _ input: UnsafeRawBufferPointer, finish: Bool, into sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        // zlib.h: next_in is not written through (z_const), but only declared const with ZLIB_CONST.
        stream.pointee.next_in = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        stream.pointee.avail_in = uInt(input.count)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        while true {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(output.count)
            let status = deflate(stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw ZlibError(operation: "deflate", status: status, message: stream.pointee.msg.map { String(cString: $0) })
            }
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[..<produced])) }
            if finish ? status == Z_STREAM_END : stream.pointee.avail_out != 0 { break }
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }
}

/// A zlib call that failed, with zlib's own message when it gave one.
struct ZlibError: Error, CustomStringConvertible {
    let operation: String
    let status: Int32
    let message: String?

    var description: String { "\(operation) failed (zlib \(status))\(message.map { ": \($0)" } ?? "")" }
}
