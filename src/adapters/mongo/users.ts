import type { Collection, Db, ObjectId } from 'mongodb';
import type { Users } from '../../application/ports/users.js';
import { EmailTaken, UserNotFound } from '../../domain/errors.js';
import type { Role, User } from '../../domain/user.js';
import { claim } from './claim.js';
import { requireObjectId, toObjectId } from './object-id.js';
import type { ReadLimit } from './read-limit.js';
import { storageCall } from './translate-errors.js';

export type UserDocument = {
  _id: ObjectId;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: Date;
  closedAt?: Date;
};

function toDocument(user: User): UserDocument {
  return {
    _id: requireObjectId(user.id),
    email: user.email,
    name: user.name,
    role: user.role,
    passwordHash: user.passwordHash,
    createdAt: user.createdAt,
    ...(user.closedAt && { closedAt: user.closedAt }),
  };
}

function toUser(doc: UserDocument): User {
  return {
    id: doc._id.toHexString(),
    email: doc.email,
    name: doc.name,
    role: doc.role,
    passwordHash: doc.passwordHash,
    createdAt: doc.createdAt,
    ...(doc.closedAt && { closedAt: doc.closedAt }),
  };
}

// An update can violate only the unique email index (the `_id` stays), and FerretDB's duplicate-key
// error names no index, so every duplicate key an update meets means the email is taken.
const emailTaken = (): never => {
  throw new EmailTaken();
};

export class MongoUsers implements Users {
  private readonly users: Collection<UserDocument>;

  /** `reads`: the time limit of the reads that answer a request. */
  constructor(db: Db, private readonly reads: ReadLimit = {}) {
    this.users = db.collection<UserDocument>('users');
  }

  async byId(id: string): Promise<User | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    const doc = await storageCall(() => this.users.findOne({ _id }, this.reads));
    return doc && toUser(doc);
  }

  async byIds(ids: readonly string[]): Promise<User[]> {
    const _ids = [...new Set(ids)].map(toObjectId).filter((id): id is ObjectId => id !== null);
    if (_ids.length === 0) return [];
    const docs = await storageCall(() => this.users.find({ _id: { $in: _ids } }, this.reads).toArray());
    return docs.map(toUser);
  }

  async byEmail(email: string): Promise<User | null> {
    // `$eq` compares literally: an operator object smuggled in as an email matches nothing.
    const doc = await storageCall(() => this.users.findOne({ email: { $eq: email } }, this.reads));
    return doc && toUser(doc);
  }

  /** The unique email index decides between concurrent adds. */
  async add(user: User): Promise<void> {
    if (!(await claim(this.users, toDocument(user), { key: 'email' })).won) throw new EmailTaken();
  }

  async update(user: User): Promise<void> {
    const doc = toDocument(user);
    const result = await storageCall(() => this.users.replaceOne({ _id: doc._id }, doc), emailTaken);
    if (result.matchedCount === 0) throw new UserNotFound();
  }
}
