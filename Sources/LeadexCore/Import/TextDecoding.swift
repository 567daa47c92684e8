/// The text of a spreadsheet saved by whatever program: UTF-8 (with or without a BOM), or —
/// when the bytes are not valid UTF-8 — windows-1251, what Excel on a Russian Windows writes.
public enum SheetEncoding: String, Sendable, Hashable, Codable {
    case utf8 = "utf-8"
    case windows1251 = "windows-1251"

    /// Decodes `bytes`, telling which encoding it took them to be.
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: SheetEncoding) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(body.count)
        for byte in body { scalars.append(windows1251(byte)) }
        return (String(scalars), .windows1251)
    }

    private static func windows1251(_ byte: UInt8) -> Unicode.Scalar {
        switch byte {
        case 0..<0x80: Unicode.Scalar(byte)
        case 0xC0...0xFF: Unicode.Scalar(0x0410 + UInt32(byte - 0xC0))!  // А..я
        default: Unicode.Scalar(high[Int(byte - 0x80)])!
        }
    }

    /// 0x80–0xBF of windows-1251 (0x98, unassigned, as U+FFFD).
    private static let high: [UInt32] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    ]
}
