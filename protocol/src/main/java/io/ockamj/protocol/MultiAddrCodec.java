package io.ockamj.protocol;

import io.ockamj.protocol.MultiAddr.Component;
import io.ockamj.protocol.MultiAddr.Protocol;
import io.ockamj.protocol.errors.DecodeException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reading {@link MultiAddr}s: the text parser, the bounded binary decoder and the validation of
 * component values in both forms. Writing stays on {@link MultiAddr} and its components.
 */
final class MultiAddrCodec {

  private MultiAddrCodec() {
  }

  // a component from the text of its value, in canonical form (see Component.of)
  static Component parseValue(Protocol protocol, String value) {
    switch (protocol) {
      case IP4: {
        byte[] b = IpLiterals.parseIpv4(value);
        if (b == null) {
          throw new AddressParseException("invalid multiaddr: '" + value + "' is not an IPv4 address");
        }
        return new MultiAddr.Component(protocol, IpLiterals.formatIpv4(b), b);
      }
      case IP6: {
        byte[] b = IpLiterals.parseIpv6(value);
        if (b == null) {
          throw new AddressParseException("invalid multiaddr: '" + value + "' is not an IPv6 address");
        }
        return new MultiAddr.Component(protocol, IpLiterals.formatIpv6(b), b);
      }
      case TCP: {
        int port = IpLiterals.parsePort(value);
        if (port < 0) {
          throw new AddressParseException("invalid multiaddr: '" + value + "' is not a TCP port 0..65535");
        }
        return MultiAddr.Component.tcp(port);
      }
      default: {
        if (value.indexOf('/') >= 0) {
          throw new AddressParseException("invalid multiaddr: a " + protocol.prefix() + " value cannot contain '/'");
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        if (b.length > MultiAddr.MAX_VALUE_LENGTH) {
          throw new AddressParseException("invalid multiaddr: " + protocol.prefix() + " value of " + b.length
            + " bytes exceeds " + MultiAddr.MAX_VALUE_LENGTH);
        }
        if (!new String(b, StandardCharsets.UTF_8).equals(value)) {
          throw new AddressParseException("invalid multiaddr: " + protocol.prefix() + " value is not valid Unicode");
        }
        return new MultiAddr.Component(protocol, value, b);
      }
    }
  }

  // a component from its binary value; the caller has checked the length
  static Component valueFromBytes(Protocol protocol, byte[] b) {
    switch (protocol) {
      case IP4:
        return new MultiAddr.Component(protocol, IpLiterals.formatIpv4(b), b);
      case IP6:
        return new MultiAddr.Component(protocol, IpLiterals.formatIpv6(b), b);
      case TCP:
        return MultiAddr.Component.tcp(((b[0] & 0xFF) << 8) | (b[1] & 0xFF));
      default:
        String s;
        try {
          s = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
          throw new DecodeException("multiaddr: " + protocol.prefix() + " value is not valid UTF-8");
        }
        // Rust accepts '/' here, but then the text form would not parse back
        if (s.indexOf('/') >= 0) {
          throw new DecodeException("multiaddr: " + protocol.prefix() + " value contains '/'");
        }
        return new MultiAddr.Component(protocol, s, b);
    }
  }

  static MultiAddr parse(String text) {
    if (text.equals(MultiAddr.SELF_ALIAS)) {
      return MultiAddr.of(Component.of(Protocol.SECURE, "api"));
    }
    List<Component> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    // same splitting as Rust's StrIter: an optional leading '/', the prefix up to the next '/', then
    // the value up to the following '/' (or the end; a missing value is the empty string)
    while (i < n) {
      if (out.size() >= MultiAddr.MAX_COMPONENTS) {
        throw new AddressParseException("invalid multiaddr: more than " + MultiAddr.MAX_COMPONENTS + " components");
      }
      if (text.charAt(i) == '/') {
        i++;
      }
      int slash = text.indexOf('/', i);
      String prefix;
      String value;
      if (slash < 0) {
        prefix = text.substring(i);
        value = "";
        i = n;
      } else {
        prefix = text.substring(i, slash);
        int next = text.indexOf('/', slash + 1);
        int end = next < 0 ? n : next;
        value = text.substring(slash + 1, end);
        i = end;
      }
      Protocol p = Protocol.byPrefix(prefix);
      if (p == null) {
        throw new AddressParseException("invalid multiaddr '" + abbreviate(text) + "': unknown protocol '"
          + abbreviate(prefix) + "'");
      }
      out.add(Component.of(p, value));
    }
    return MultiAddr.of(out);
  }

  static MultiAddr decode(byte[] bytes) {
    List<Component> out = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < bytes.length) {
      if (out.size() >= MultiAddr.MAX_COMPONENTS) {
        throw new DecodeException("multiaddr: more than " + MultiAddr.MAX_COMPONENTS + " components");
      }
      long code = readVarint(bytes, pos, 5);
      Protocol p = Protocol.byCode(code);
      if (p == null) {
        throw new DecodeException("multiaddr: unknown protocol code " + code);
      }
      int len;
      switch (p) {
        case IP4: len = 4; break;
        case IP6: len = 16; break;
        case TCP: len = 2; break;
        default: {
          long l = readVarint(bytes, pos, 10);
          if (l > MultiAddr.MAX_VALUE_LENGTH) {
            throw new DecodeException("multiaddr: " + p.prefix() + " value of " + Long.toUnsignedString(l)
              + " bytes exceeds " + MultiAddr.MAX_VALUE_LENGTH);
          }
          len = (int) l;
        }
      }
      if (len > bytes.length - pos[0]) {
        throw new DecodeException("multiaddr: " + p.prefix() + " needs " + len + " bytes, " + (bytes.length - pos[0]) + " remain");
      }
      byte[] v = Arrays.copyOfRange(bytes, pos[0], pos[0] + len);
      pos[0] += len;
      out.add(Component.fromBytes(p, v));
    }
    return MultiAddr.of(out);
  }

  // unsigned LEB128 of at most maxBytes bytes; rejects non-minimal encodings and values over 2^63-1
  private static long readVarint(byte[] b, int[] pos, int maxBytes) {
    long v = 0;
    for (int n = 0; n < maxBytes; n++) {
      if (pos[0] >= b.length) {
        throw new DecodeException("multiaddr: truncated varint");
      }
      int x = b[pos[0]++] & 0xFF;
      if (n == 9 && x > 0) {
        throw new DecodeException("multiaddr: varint overflow");
      }
      v |= (long) (x & 0x7F) << (7 * n);
      if ((x & 0x80) == 0) {
        if (x == 0 && n > 0) {
          throw new DecodeException("multiaddr: non-minimal varint");
        }
        if (maxBytes == 5 && v > 0xFFFF_FFFFL) {
          throw new DecodeException("multiaddr: varint overflow");
        }
        return v;
      }
    }
    throw new DecodeException("multiaddr: varint longer than " + maxBytes + " bytes");
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
