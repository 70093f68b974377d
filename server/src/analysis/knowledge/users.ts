/** Users that official images create, with their ids (docker-library Dockerfiles). */
const IMAGE_USERS: Readonly<Record<string, Readonly<Record<string, { uid: number; gid: number }>>>> = {
  node: { node: { uid: 1000, gid: 1000 } },
};

export function imageUser(image: string | undefined, user: string): { uid: number; gid: number } | undefined {
  if (!image) return undefined;
  const name = image.split(/[:@]/)[0]?.split('/').pop() ?? '';
  return IMAGE_USERS[name]?.[user];
}
