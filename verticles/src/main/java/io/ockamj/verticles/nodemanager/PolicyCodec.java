package io.ockamj.verticles.nodemanager;

import io.ockamj.policy.Expr;
import io.ockamj.policy.PolicyCbor;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.store.PolicyRecord;
import io.ockamj.verticles.policy.ResourceType;

import java.util.ArrayList;
import java.util.List;

/**
 * The CBOR bodies of Rust's policy API ({@code ockam_api/src/nodes/models/policies.rs}):
 * {@code ResourceTypeOrName} ({@code [1, [type]]} or {@code [2, [name]]}, types index-only
 * tcp-inlet 1 … lessor 7, and ours secure-channel-listener 8), {@code SetPolicyRequest}
 * ({@code {1: resource, 2: PolicyExpression}}), {@code Policy} ({@code {1: resource, 2: action, 3: Expr}})
 * and {@code PoliciesList} ({@code {1: [{1: name, 2: action, 3: Expr}], 2: [{1: type, 2: action, 3: Expr}]}}).
 * The action {@code handle_message} is index 1.
 */
public final class PolicyCodec {

  /** The index of {@code handle_message}. */
  static final int HANDLE_MESSAGE = 1;

  private PolicyCodec() {
  }

  /**
   * A resource name or type.
   *
   * @param target which of the two
   * @param value the name, or the type's text
   */
  public record Resource(PolicyRecord.Target target, String value) {
    /** @return Rust's display: the name or the type */
    @Override
    public String toString() {
      return value;
    }
  }

  /**
   * One policy as the API returns it.
   *
   * @param resource the resource name or type
   * @param expression the expression
   */
  public record Policy(Resource resource, Expr expression) {
  }

  static void writeResource(CborWriter w, Resource r) {
    if (r.target() == PolicyRecord.Target.RESOURCE_TYPE) {
      w.array(2).u64(1).array(1).u64(ResourceType.parse(r.value()).ordinal() + 1);
    } else {
      w.array(2).u64(2).array(1).text(r.value());
    }
  }

  static Resource readResource(CborReader r) {
    if (r.readArrayHeader() != 2) {
      throw new DecodeException("expected [index, [field]] for a resource");
    }
    long index = r.readU64(2);
    if (r.readArrayHeader() != 1) {
      throw new DecodeException("expected one field in a resource");
    }
    if (index == 1) {
      return new Resource(PolicyRecord.Target.RESOURCE_TYPE, type(r.readU64(ResourceType.values().length)));
    }
    if (index == 2) {
      return new Resource(PolicyRecord.Target.RESOURCE, r.readText(1024));
    }
    throw new DecodeException("unknown resource variant " + index);
  }

  private static String type(long index) {
    if (index < 1) {
      throw new DecodeException("unknown resource type " + index);
    }
    return ResourceType.values()[(int) index - 1].text();
  }

  /**
   * @param resource the resource
   * @return the CBOR of the resource alone (the body of show and delete)
   */
  public static byte[] resource(Resource resource) {
    CborWriter w = new CborWriter();
    writeResource(w, resource);
    return w.toByteArray();
  }

  /**
   * @param body a body holding a resource
   * @return the resource
   */
  public static Resource resource(byte[] body) {
    CborReader r = new CborReader(body);
    Resource res = readResource(r);
    r.expectEnd();
    return res;
  }

  /**
   * @param resource the resource
   * @param expression the policy
   * @return the {@code SetPolicyRequest} body
   */
  public static byte[] setPolicy(Resource resource, PolicyExpression expression) {
    CborWriter w = new CborWriter();
    w.map(2).u64(1);
    writeResource(w, resource);
    w.u64(2);
    expression.write(w);
    return w.toByteArray();
  }

  /**
   * A decoded {@code SetPolicyRequest}.
   *
   * @param resource the resource the policy applies to
   * @param expression the policy
   */
  record SetPolicy(Resource resource, PolicyExpression expression) {
  }

  private static int definite(int n) {
    if (n < 0) {
      throw new DecodeException("indefinite-length maps and arrays are not accepted here");
    }
    return n;
  }

  static SetPolicy setPolicy(byte[] body) {
    CborReader r = new CborReader(body);
    int n = definite(r.readMapHeader());
    Resource res = null;
    PolicyExpression e = null;
    for (int i = 0; i < n; i++) {
      long key = r.readU64();
      if (key == 1) {
        res = readResource(r);
      } else if (key == 2) {
        e = PolicyExpression.read(r);
      } else {
        r.skip();
      }
    }
    r.expectEnd();
    if (res == null || e == null) {
      throw new DecodeException("a policy request needs a resource and an expression");
    }
    return new SetPolicy(res, e);
  }

  static byte[] policy(Policy p) {
    CborWriter w = new CborWriter();
    w.map(3).u64(1);
    writeResource(w, p.resource());
    w.u64(2).u64(HANDLE_MESSAGE).u64(3);
    PolicyCbor.write(w, p.expression());
    return w.toByteArray();
  }

  /**
   * @param body a {@code Policy} body
   * @return the policy
   */
  public static Policy policy(byte[] body) {
    CborReader r = new CborReader(body);
    int n = definite(r.readMapHeader());
    Resource res = null;
    Expr e = null;
    for (int i = 0; i < n; i++) {
      long key = r.readU64();
      if (key == 1) {
        res = readResource(r);
      } else if (key == 3) {
        e = PolicyCbor.readExpr(r);
      } else {
        r.skip();
      }
    }
    if (res == null || e == null) {
      throw new DecodeException("a policy needs a resource and an expression");
    }
    return new Policy(res, e);
  }

  static byte[] policies(List<Policy> all) {
    List<Policy> byName = all.stream().filter(p -> p.resource().target() == PolicyRecord.Target.RESOURCE).toList();
    List<Policy> byType = all.stream().filter(p -> p.resource().target() == PolicyRecord.Target.RESOURCE_TYPE).toList();
    CborWriter w = new CborWriter();
    w.map(2).u64(1).array(byName.size());
    for (Policy p : byName) {
      w.map(3).u64(1).text(p.resource().value()).u64(2).u64(HANDLE_MESSAGE).u64(3);
      PolicyCbor.write(w, p.expression());
    }
    w.u64(2).array(byType.size());
    for (Policy p : byType) {
      w.map(3).u64(1).u64(ResourceType.parse(p.resource().value()).ordinal() + 1).u64(2).u64(HANDLE_MESSAGE).u64(3);
      PolicyCbor.write(w, p.expression());
    }
    return w.toByteArray();
  }

  /**
   * @param body a {@code PoliciesList} body
   * @return resource policies, then resource-type policies
   */
  public static List<Policy> policies(byte[] body) {
    CborReader r = new CborReader(body);
    List<Policy> out = new ArrayList<>();
    int n = definite(r.readMapHeader());
    for (int i = 0; i < n; i++) {
      long key = r.readU64();
      int count = definite(r.readArrayHeader());
      for (int k = 0; k < count; k++) {
        int fields = definite(r.readMapHeader());
        Resource res = null;
        Expr e = null;
        for (int f = 0; f < fields; f++) {
          long fk = r.readU64();
          if (fk == 1) {
            res = key == 1 ? new Resource(PolicyRecord.Target.RESOURCE, r.readText(1024))
              : new Resource(PolicyRecord.Target.RESOURCE_TYPE, type(r.readU64(ResourceType.values().length)));
          } else if (fk == 3) {
            e = PolicyCbor.readExpr(r);
          } else {
            r.skip();
          }
        }
        if (res == null || e == null) {
          throw new DecodeException("a policy needs a resource and an expression");
        }
        out.add(new Policy(res, e));
      }
    }
    return out;
  }
}
