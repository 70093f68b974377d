/** Users that official images create, with their ids (docker-library Dockerfiles). */
const IMAGE_USERS: Readonly<Record<string, Readonly<Record<string, { uid: number; gid: number }>>>> = {
  node: { node: { uid: 1000, gid: 1000 } },
};

export function imageUser(image: string | undefined, user: string): { uid: number; gid: number } | undefined {
  if (!image) return undefined;
  const name = image.split(/[:@]/)[0]?.split('/').pop() ?? '';
  return IMAGE_USERS[name]?.[user];
}

/** Whether a USER value names root: empty, `root` or uid 0, with any group (`root:staff`). */
export function isRootUser(user: string): boolean {
  const name = userName(user);
  return name === '' || name === 'root' || name === '0';
}

/** The home a USER has unless HOME says otherwise: /root, or /home/<name>; unknown for a bare uid. */
export function defaultHome(user: string): string | undefined {
  if (isRootUser(user)) return '/root';
  const name = userName(user);
  return /^\d+$/.test(name) ? undefined : `/home/${name}`;
}

/** `app` of `app:staff`. */
function userName(user: string): string {
  const colon = user.indexOf(':');
  return colon === -1 ? user : user.slice(0, colon);
}
