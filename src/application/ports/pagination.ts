/** Position in a newest-first listing: the (createdAt, id) of the last item already seen. */
export type PageKey = Readonly<{ createdAt: Date; id: string }>;

/** Up to `limit` items strictly after `after`, ordered by createdAt then id, both descending. */
export type PageQuery = Readonly<{ limit: number; after?: PageKey }>;
