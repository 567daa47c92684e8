internal import Foundation

/// `ca_file`: the PEM bundle libcurl verifies a server's certificate with (CURLOPT_CAINFO).
/// Checked at load, so that `--check-config` catches what would otherwise make every login
/// fail: a path that is a directory, an unreadable file, a file that holds no certificate.
enum CAFile {
    /// Larger than any CA bundle (the whole Mozilla store is about 250 KB).
    static let maxBytes = 16 << 20

    /// What is wrong with `path` as a CA file, or nil when it holds at least one certificate.
    static func problem(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "CA file \(path) does not exist"
        }
        if isDirectory.boolValue {
            return "CA file \(path) is a directory; 'ca_file' names one PEM file of certificates"
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return "CA file \(path) is not readable" }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maxBytes + 1) ?? Data() else { return "CA file \(path) is not readable" }
        if data.count > maxBytes { return "CA file \(path) is larger than \(maxBytes >> 20) MB: not a CA bundle" }
        guard containsCertificate(data) else {
            return "CA file \(path) holds no PEM certificate (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)"
        }
        return nil
    }

    /// Whether `data` has a PEM certificate block whose body is base64 of a DER SEQUENCE, as
    /// OpenSSL reads a CA file (the labels it accepts there).
    static func containsCertificate(_ data: Data) -> Bool {
        // Latin-1 maps every byte to a character: a binary file is searched, not refused.
        guard let text = String(data: data, encoding: .isoLatin1) else { return false }
        for label in ["CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"] {
            var rest = text[...]
            while let begin = rest.range(of: "-----BEGIN \(label)-----") {
                guard let end = rest[begin.upperBound...].range(of: "-----END \(label)-----") else { break }
                let body = rest[begin.upperBound..<end.lowerBound]
                if let der = Data(base64Encoded: String(body), options: .ignoreUnknownCharacters), der.count > 64, der.first == 0x30 {
                    return true
                }
                rest = rest[end.upperBound...]
            }
        }
        return false
    }
}

extension ConfigReader.Section {
    /// `ca_file`, reported at its line when it cannot serve as a CA file.
    func caFile() -> String? {
        guard let path = string("ca_file") else { return nil }
        if let problem = CAFile.problem(path) { self.problem("ca_file", problem) }
        return path
    }
}
