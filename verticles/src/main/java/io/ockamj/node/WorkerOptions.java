package io.ockamj.node;

import io.ockamj.protocol.Address;

import java.util.ArrayList;
import java.util.List;

/**
 * How to start a worker: its mailboxes (the first is the primary address), whether it is terminal
 * (a route ends there, with attributes such as the peer identifier of a secure channel), and whether
 * it runs on a worker thread because its handler blocks.
 */
public class WorkerOptions {

  /** Default: run on an event loop. */
  public static final boolean DEFAULT_BLOCKING = false;

  private final List<Mailbox> mailboxes = new ArrayList<>();
  private boolean blocking = DEFAULT_BLOCKING;
  private boolean terminal;
  private String terminalAttribute;

  /** Creates empty options; add at least one mailbox. */
  public WorkerOptions() {
  }

  /**
   * @param address the primary address; the mailbox lets everything in and out
   * @return options with one mailbox
   */
  public static WorkerOptions of(Address address) {
    return new WorkerOptions().addMailbox(Mailbox.allowAll(address));
  }

  /**
   * @param address the primary address text; the mailbox lets everything in and out
   * @return options with one mailbox
   */
  public static WorkerOptions of(String address) {
    return of(Address.local(address));
  }

  /**
   * @param mailbox a mailbox to add (the first added is the primary address)
   * @return this
   */
  public WorkerOptions addMailbox(Mailbox mailbox) {
    mailboxes.add(mailbox);
    return this;
  }

  /**
   * @return the mailboxes, primary first
   */
  public List<Mailbox> getMailboxes() {
    return mailboxes;
  }

  /**
   * @return {@code true} if the worker runs on a worker thread
   */
  public boolean isBlocking() {
    return blocking;
  }

  /**
   * @param blocking run the worker on a worker thread (for handlers that do blocking work)
   * @return this
   */
  public WorkerOptions setBlocking(boolean blocking) {
    this.blocking = blocking;
    return this;
  }

  /**
   * @return {@code true} if routes end at this worker's primary address
   */
  public boolean isTerminal() {
    return terminal;
  }

  /**
   * @return the terminal attribute (for secure channel encryptors: the peer identifier), or {@code null}
   */
  public String getTerminalAttribute() {
    return terminalAttribute;
  }

  /**
   * Marks the worker terminal, as Ockam does for TCP senders and secure channel encryptors.
   *
   * @param attribute an attribute describing the endpoint, or {@code null}
   * @return this
   */
  public WorkerOptions setTerminal(String attribute) {
    this.terminal = true;
    this.terminalAttribute = attribute;
    return this;
  }
}
