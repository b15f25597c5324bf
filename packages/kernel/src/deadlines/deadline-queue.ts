/** One pending deadline: the aggregate it belongs to, when it is due, and its source partition. */
export interface PendingDeadline {
  readonly aggregateId: string;
  /** Epoch milliseconds. */
  readonly dueAt: number;
  readonly partition: number;
}

/**
 * The pending deadlines of the partitions this process owns, ordered by due time: a binary
 * min-heap, so finding what is due costs O(log n) per deadline instead of a scan of every order
 * on every tick. Cleared or replaced deadlines are not dug out of the heap (that would need an
 * index per entry); the map says which entry is current, and stale heap entries are skipped
 * when they reach the top (lazy deletion).
 */
export class DeadlineQueue {
  private readonly current = new Map<string, PendingDeadline>();
  private readonly heap: PendingDeadline[] = [];

  get size(): number {
    return this.current.size;
  }

  get(aggregateId: string): PendingDeadline | undefined {
    return this.current.get(aggregateId);
  }

  /** Sets (or moves) the aggregate's deadline. */
  set(deadline: PendingDeadline): void {
    const existing = this.current.get(deadline.aggregateId);
    if (existing?.dueAt === deadline.dueAt && existing.partition === deadline.partition) return;
    this.current.set(deadline.aggregateId, deadline);
    this.push(deadline);
  }

  clear(aggregateId: string): void {
    this.current.delete(aggregateId);
  }

  /** Forgets the deadlines of partitions this process no longer owns. */
  keepPartitions(owned: ReadonlySet<number>): void {
    for (const [aggregateId, deadline] of this.current) {
      if (!owned.has(deadline.partition)) this.current.delete(aggregateId);
    }
  }

  /** When the earliest pending deadline is due, or undefined when none is pending. */
  nextDueAt(): number | undefined {
    return this.top()?.dueAt;
  }

  /** Removes and returns every deadline due at `now` or earlier, earliest first. */
  takeDue(now: number): PendingDeadline[] {
    const due: PendingDeadline[] = [];
    for (let next = this.top(); next !== undefined && next.dueAt <= now; next = this.top()) {
      this.pop();
      this.current.delete(next.aggregateId);
      due.push(next);
    }
    return due;
  }

  /** The earliest current entry, after dropping stale ones from the top. */
  private top(): PendingDeadline | undefined {
    for (let head = this.heap[0]; head !== undefined; head = this.heap[0]) {
      if (this.current.get(head.aggregateId) === head) return head;
      this.pop();
    }
    return undefined;
  }

  private push(entry: PendingDeadline): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.earlier(heap, parent, index)) break;
      this.swap(parent, index);
      index = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && !this.earlier(heap, smallest, left)) smallest = left;
      if (right < heap.length && !this.earlier(heap, smallest, right)) smallest = right;
      if (smallest === index) return;
      this.swap(smallest, index);
      index = smallest;
    }
  }

  /** True when heap[a] is due no later than heap[b]. */
  private earlier(heap: readonly PendingDeadline[], a: number, b: number): boolean {
    const [first, second] = [heap[a], heap[b]];
    return first !== undefined && second !== undefined && first.dueAt <= second.dueAt;
  }

  private swap(a: number, b: number): void {
    const heap = this.heap;
    const [first, second] = [heap[a], heap[b]];
    if (first === undefined || second === undefined) return;
    heap[a] = second;
    heap[b] = first;
  }
}
